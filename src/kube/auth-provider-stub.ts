/**
 * Stands in for the libraries behind client-node's legacy `auth-provider` plugins (jsonpath-plus
 * for azure and gcp, openid-client for oidc) in the charm bundle (scripts/build.ts). The charm
 * talks to the API with the principal's kubeconfig, which authenticates with a token or a client
 * certificate; kubectl itself dropped the azure and gcp plugins in 1.26. Loading them cost every
 * hook that talks to the API several milliseconds. A kubeconfig that names one of these providers
 * fails its first request with the message below (and the charm's status names it).
 */
function unsupported(): never {
  throw new Error("auth-provider (azure, gcp, oidc) in the kubeconfig is not supported by the charm; use a token or a client certificate");
}

/** jsonpath-plus: azure and gcp read their token out of a command's output with it. */
export function JSONPath(): never {
  return unsupported();
}

/** openid-client: the oidc plugin discovers the issuer and refreshes tokens with it. */
export function discovery(): never {
  return unsupported();
}

export function refreshTokenGrant(): never {
  return unsupported();
}

export const customFetch: unique symbol = Symbol("customFetch");
