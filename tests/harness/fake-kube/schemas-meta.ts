/** Shared schemas every group's OpenAPI document refers to: object and list metadata, Status, references. */
import { arr, bool, free, int, META, obj, ref, type Schema, str, strMap, time } from "./schema-dsl.ts";

const CORE = "io.k8s.api.core.v1";

export const SHARED: Record<string, Schema> = {
  [`${META}.ObjectMeta`]: obj("Metadata that all persisted resources must have.", {
    annotations: strMap("Unstructured key/value data stored with the object."),
    creationTimestamp: time("When the object was created (set by the server)."),
    deletionGracePeriodSeconds: int("Seconds allowed for graceful termination before removal."),
    deletionTimestamp: time("When the object will be deleted (set by the server)."),
    finalizers: arr({ type: "string" }, "Must be empty before the object is deleted from the registry."),
    generateName: str("Prefix the server uses to generate a unique name when name is empty."),
    generation: int("Sequence number of a specific generation of the desired state (set by the server)."),
    labels: strMap("Key/value pairs to organize and select objects."),
    managedFields: arr(ref(`${META}.ManagedFieldsEntry`), "Which field manager set which fields (server-side apply)."),
    name: str("Name, unique within a namespace (or the cluster for cluster-scoped kinds)."),
    namespace: str("The namespace of a namespaced object."),
    ownerReferences: arr(ref(`${META}.OwnerReference`), "Objects this object depends on."),
    resourceVersion: str("Opaque version of the object, for optimistic concurrency (set by the server)."),
    selfLink: str("Deprecated; not set."),
    uid: str("Unique identifier in time and space (set by the server)."),
  }),
  [`${META}.ListMeta`]: obj("Metadata of list answers.", {
    continue: str("Token to fetch the next page."),
    remainingItemCount: int("Items left after this page."),
    resourceVersion: str("Version of the collection."),
    selfLink: str("Deprecated; not set."),
  }),
  [`${META}.ManagedFieldsEntry`]: obj("A field manager's fields in one API version.", {
    apiVersion: str("API version the fields are in."),
    fieldsType: str('Format of fieldsV1 ("FieldsV1").'),
    fieldsV1: free("The fields, as a trie."),
    manager: str("Name of the field manager."),
    operation: str('"Apply" or "Update".'),
    subresource: str("Subresource written, if any."),
    time: time("When the fields were last changed."),
  }),
  [`${META}.OwnerReference`]: obj(
    "An owning object.",
    {
      apiVersion: str("API version of the owner."),
      blockOwnerDeletion: bool("Whether the owner waits for this object's deletion."),
      controller: bool("Whether this reference points to the managing controller."),
      kind: str("Kind of the owner."),
      name: str("Name of the owner."),
      uid: str("UID of the owner."),
    },
    ["apiVersion", "kind", "name", "uid"],
  ),
  [`${META}.LabelSelector`]: obj("A label query over a set of objects.", {
    matchExpressions: arr(free("key, operator (In, NotIn, Exists, DoesNotExist), values."), "Label selector requirements (ANDed)."),
    matchLabels: strMap("Labels that must all match."),
  }),
  [`${META}.Status`]: {
    ...obj("Answer of calls that do not return an object, and of every error.", {
      apiVersion: str("v1"),
      code: { type: "integer", format: "int32", description: "HTTP status code." },
      details: free("name, group, kind, uid and causes (field, reason, message)."),
      kind: str("Status"),
      message: str("Human-readable description of the status."),
      metadata: ref(`${META}.ListMeta`),
      reason: str('Machine-readable reason ("NotFound", "AlreadyExists", "Conflict", "Invalid", ...).'),
      status: str('"Success" or "Failure".'),
    }),
    "x-kubernetes-group-version-kind": [{ group: "", kind: "Status", version: "v1" }],
  },
  [`${CORE}.ObjectReference`]: obj("A reference to an object.", {
    apiVersion: str("API version of the referent."),
    fieldPath: str("Part of the object referred to, if not the whole object."),
    kind: str("Kind of the referent."),
    name: str("Name of the referent."),
    namespace: str("Namespace of the referent."),
    resourceVersion: str("Specific resourceVersion referred to."),
    uid: str("UID of the referent."),
  }),
};
