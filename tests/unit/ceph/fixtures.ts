/** The ceph-mon protocol examples (read-only reference shared by the project). */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const path = fileURLToPath(new URL("../../../../shared/reference/ceph-mon-protocol.examples.json", import.meta.url));

type Bag = Record<string, string>;
export interface Examples {
  admin: { remote_unit_bags: Record<string, Bag>; derived: { fsid: string; ceph_conf_mon_host: string } };
  client: {
    "local_unit_bags (requirer)": Record<string, Bag>;
    remote_unit_bags: Record<string, Bag>;
    "remote_unit_bag_before_ceph_mon_ready (any unit, e.g. no OSDs bootstrapped yet)": Bag;
    "variant_remote_unit_bag_with_default-rbd-features=1 (ceph-mon/1)": Bag;
    derived: { mon_hosts: string[] };
  };
  ipv6_variant: Record<string, unknown>;
  broker: {
    "request_wire (value of broker_req)": string;
    response_success_wire: string;
    response_examples: Record<string, unknown>;
  };
}

export const examples = JSON.parse(readFileSync(path, "utf8")) as Examples;
