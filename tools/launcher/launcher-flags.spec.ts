import { LauncherFlagError, parseLauncherFlags } from './launcher-flags';

describe(parseLauncherFlags.name, () => {
  it('reads --nodes and --profile (and their short forms), nothing when absent', () => {
    expect(parseLauncherFlags([])).toEqual({ help: false });
    expect(parseLauncherFlags(['--nodes', '5', '--profile', 'kubernetes'])).toEqual({
      help: false,
      nodes: 5,
      profile: 'kubernetes',
    });
    expect(parseLauncherFlags(['-n', '0', '-p', 'playground'])).toEqual({
      help: false,
      nodes: 0,
      profile: 'playground',
    });
    expect(parseLauncherFlags(['--nodes=1000'])).toMatchObject({ nodes: 1000 });
    expect(parseLauncherFlags(['--help'])).toEqual({ help: true });
  });

  it('says what is wrong with a bad flag', () => {
    const message = (argv: string[]) => {
      try {
        parseLauncherFlags(argv);
      } catch (error) {
        expect(error).toBeInstanceOf(LauncherFlagError);
        return (error as Error).message;
      }
      throw new Error(`${argv.join(' ')} was accepted`);
    };
    expect(message(['--nodes', 'three'])).toBe('--nodes must be a whole number from 0 to 1000, not "three"');
    expect(message(['--nodes', '1001'])).toBe('--nodes must be a whole number from 0 to 1000, not "1001"');
    expect(message(['--profile', 'fast'])).toBe(
      '--profile must be one of kubernetes, playground, not "fast"',
    );
    expect(message(['--zones', '3'])).toMatch(/Unknown option '--zones'/);
  });
});
