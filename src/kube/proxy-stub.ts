/**
 * Stands in for the proxy libraries @kubernetes/client-node imports (socks, socks-proxy-agent,
 * hpagent) in the charm bundle (scripts/build.ts): the charm does not support `proxy-url` in a
 * kubeconfig (see undici-lite.ts), and these ~180 kB of code cost memory in every hook that
 * talks to the API. Constructing one fails with the same message as undici-lite's ProxyAgent.
 */
function unsupported(): never {
  throw new Error("proxy-url in the kubeconfig is not supported by the charm");
}

export class SocksProxyAgent {
  constructor() {
    unsupported();
  }
}

export class HttpProxyAgent {
  constructor() {
    unsupported();
  }
}

export class HttpsProxyAgent {
  constructor() {
    unsupported();
  }
}

export const SocksClient = {
  createConnection: (): never => unsupported(),
};
