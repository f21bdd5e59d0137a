/**
 * After a switch from the Python charm: its completed broker request stands in for ours until
 * ceph-mon answers ours (see src/ceph/previous-request.ts). Recognized once, from this unit's own
 * bag on the first hook that finds an answer to a request it did not send; remembered in stored
 * state, so the request this charm writes beside it does not make it forgotten.
 */
import { foreignCompletion, previousRequestCovers } from "../ceph/previous-request.ts";
import type { Draft } from "./draft.ts";
import type { RelationData } from "./observation.ts";
import { KEYS } from "./stored.ts";

/** "covered": proceed with the previous charm's pools and user; "pending": this unit's bag is being read. */
export function previousBroker(d: Draft, relation: RelationData, ourRequestId: string, o: { write: boolean }): "covered" | "pending" | "none" {
  const { unitName, appName } = d.obs.event;
  const [rel, id] = (d.stored(KEYS.previousBroker) ?? "").split(" ");
  if (rel === String(relation.id) && id) return "covered";
  if (rel !== "" && o.write) d.store(KEYS.previousBroker, undefined);
  const foreign = foreignCompletion(unitName, relation.units, ourRequestId);
  // Only before this charm first wrote its own request is the previous one still in the bag.
  if (foreign === undefined || !o.write || d.obs.stored[KEYS.clientBag] !== undefined) return "none";
  const own = d.obs.answers.ownBags?.[relation.id];
  if (own === undefined) {
    d.need({ kind: "own-bag", relId: relation.id });
    return "pending";
  }
  if (!previousRequestCovers(own["broker_req"], foreign, appName)) return "none";
  d.store(KEYS.previousBroker, `${relation.id} ${foreign}`);
  d.log(`ceph-client: the previous charm's broker request ${foreign} completed and covers the pools and the user: using them until ceph-mon answers this charm's request`);
  return "covered";
}
