/**
 * Stands in for @kubernetes/client-node's `dist/gen/index.js` in the charm bundle
 * (scripts/build.ts): the same exports minus the ~750 API model classes and the typed API
 * classes, which the charm never uses (it goes through KubernetesObjectApi with plain JSON, see
 * typeless-serializer.ts). The library's config.js and api.js import these names from it.
 */
export * from "@kubernetes/client-node/dist/gen/apis/exception.js";
export { RequiredError } from "@kubernetes/client-node/dist/gen/apis/baseapi.js";
export * from "@kubernetes/client-node/dist/gen/auth/auth.js";
export { createConfiguration } from "@kubernetes/client-node/dist/gen/configuration.js";
export * from "@kubernetes/client-node/dist/gen/http/http.js";
export { Observable } from "@kubernetes/client-node/dist/gen/rxjsStub.js";
export * from "@kubernetes/client-node/dist/gen/servers.js";
