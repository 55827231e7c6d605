import { CredentialsFlagError, parseCredentialsFlags, parseKubelets } from './credentials-flags';

describe(parseCredentialsFlags.name, () => {
  it('reads the compose shape of the command', () => {
    const command = parseCredentialsFlags(
      [
        '--out',
        'creds',
        '--kubelets',
        'kubelet-1=node-1;kubelet-2=node-2,node-4',
        '--san',
        'a.example,10.0.0.1',
        '--san',
        'b.example',
        '--server',
        'https://localhost:8080',
        '--kubeconfig',
        '/host/kubeconfig',
        '--kubeconfig-owner-of',
        '/host',
        '--owner',
        '1000:1000',
        '--prometheus-owner',
        '65534',
      ],
      '/work',
    );
    expect(command).toEqual({
      help: false,
      dir: '/work/creds',
      nodes: [],
      kubelets: { 'kubelet-1': ['node-1'], 'kubelet-2': ['node-2', 'node-4'] },
      extraNames: ['a.example', '10.0.0.1', 'b.example'],
      kubeconfigs: [
        { path: '/host/kubeconfig', serverUrl: 'https://localhost:8080', owner: { of: '/host' } },
      ],
      owner: { uid: 1000, gid: 1000 },
      prometheusOwner: { uid: 65534, gid: 65534 },
    });
  });

  it('defaults the kubeconfig to DIR/kubeconfig for https://localhost:8080', () => {
    expect(parseCredentialsFlags(['--out', '/x', '--nodes', 'n-1,n-2'])).toMatchObject({
      nodes: ['n-1', 'n-2'],
      kubeconfigs: [{ path: '/x/kubeconfig', serverUrl: 'https://localhost:8080' }],
    });
  });

  it.each([
    [[], '--out DIR is required'],
    [['--out', 'x', '--server', 'http://localhost:8080'], '--server must be an https URL'],
    [['--out', 'x', '--owner', 'node'], '--owner: "node" is not an owner'],
    [['--out', 'x', '--bogus'], "Unknown option '--bogus'"],
  ])('refuses %j', (argv, message) => {
    expect(() => parseCredentialsFlags(argv)).toThrow(CredentialsFlagError);
    expect(() => parseCredentialsFlags(argv)).toThrow(message);
  });

  it('refuses a kubelet without nodes', () => {
    expect(() => parseKubelets('kubelet-1=')).toThrow('"kubelet-1=" is not KUBELET=NODE');
    expect(parseKubelets(' a = n-1 ; ')).toEqual({ a: ['n-1'] });
  });
});
