import { orderMergedList } from './strategic-merge-order';

const same = (x: unknown) => x;

describe(orderMergedList.name, () => {
  it('keeps the live order when the patch only changes existing items', () => {
    expect(orderMergedList(['a', 'b', 'c'], ['b'], ['a', 'b', 'c'], same)).toEqual(['a', 'b', 'c']);
  });

  it('orders the named items as the patch does, a server-only item before a later live one', () => {
    // b came before c in the live list, so it stays before c; c and a follow the patch order.
    expect(orderMergedList(['a', 'b', 'c'], ['c', 'a'], ['a', 'b', 'c'], same)).toEqual(['b', 'c', 'a']);
    expect(orderMergedList(['a', 'b', 'c'], ['b', 'a'], ['a', 'b', 'c'], same)).toEqual(['b', 'a', 'c']);
  });

  it('puts items new to the live list before the server-only items after them', () => {
    expect(orderMergedList(['a', 'b', 'x'], ['x'], ['a', 'b'], same)).toEqual(['x', 'a', 'b']);
    expect(orderMergedList(['a', 'b', 'x'], ['a', 'x', 'b'], ['a', 'b'], same)).toEqual(['a', 'x', 'b']);
  });

  it('identifies maps by their merge key', () => {
    const byName = (x: unknown) => (x as { name: string }).name;
    const merged = [{ name: 'a', v: 1 }, { name: 'b' }];
    expect(
      orderMergedList(merged, [{ name: 'b' }, { name: 'a' }], [{ name: 'a' }, { name: 'b' }], byName),
    ).toEqual([{ name: 'b' }, { name: 'a', v: 1 }]);
  });
});
