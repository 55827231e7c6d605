import { defaultEndpoints } from './endpoints.defaults';

describe(defaultEndpoints.name, () => {
  it('makes ports TCP unless set', () => {
    const ep = { subsets: [{ ports: [{ port: 80 }, { port: 53, protocol: 'UDP' }] }, 'junk'] };
    defaultEndpoints(ep);
    expect(ep.subsets[0]).toEqual({
      ports: [
        { port: 80, protocol: 'TCP' },
        { port: 53, protocol: 'UDP' },
      ],
    });
  });
});
