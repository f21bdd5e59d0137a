/** ceph.conf for a throw-away single-node cluster inside one directory (see README.md). */

export interface ClusterConfInput {
  dir: string;
  fsid: string;
  monHost: string;
  ip: string;
  osdBytes: number;
}

export function clusterConf(c: ClusterConfInput): string {
  const { dir: W } = c;
  return `[global]
fsid = ${c.fsid}
mon host = ${c.monHost}
mon initial members = a
public addr = ${c.ip}
cluster addr = ${c.ip}
public network = ${c.ip}/32
cluster network = ${c.ip}/32
ms bind ipv4 = true
ms bind ipv6 = false
auth cluster required = cephx
auth service required = cephx
auth client required = cephx
auth allow insecure global id reclaim = false
run dir = ${W}/run
crash dir = ${W}/crash
log file = ${W}/log/$cluster-$name.log
mon cluster log file = ${W}/log/$cluster.log
log to stderr = false
err to stderr = false
osd pool default size = 1
osd pool default min size = 1
mon allow pool size one = true
mon warn on pool no redundancy = false
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool delete = true
mon max pg per osd = 1000
mon data avail warn = 1
mon data avail crit = 0
mgr stats period = 1

[mon]
mon data = ${W}/mon/$cluster-$id
admin socket = ${W}/run/$cluster-$name.asok
pid file = ${W}/run/$cluster-$name.pid
rocksdb cache size = 67108864
mon memory target = 268435456
mgr initial modules = iostat
paxos propose interval = 0.1

[mgr]
mgr data = ${W}/mgr/$cluster-$id
admin socket = ${W}/run/$cluster-$name.asok
pid file = ${W}/run/$cluster-$name.pid

[osd]
osd data = ${W}/osd/$cluster-$id
osd objectstore = memstore
admin socket = ${W}/run/$cluster-$name.asok
pid file = ${W}/run/$cluster-$name.pid
memstore device bytes = ${c.osdBytes}
osd crush initial weight = 1

[mds]
mds data = ${W}/mds/$cluster-$id
admin socket = ${W}/run/$cluster-$name.asok
pid file = ${W}/run/$cluster-$name.pid
mds cache memory limit = 268435456

[client]
keyring = ${W}/$cluster.$name.keyring
client mount timeout = 30
`;
}
