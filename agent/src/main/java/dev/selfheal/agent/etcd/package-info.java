/**
 * The local etcd member's repair: when its data is destroyed or corrupt while its peers keep quorum, the member
 * is removed and added anew through a healthy peer, its data directory cleared and the member started again
 * with {@code --initial-cluster-state=existing}. {@link dev.selfheal.agent.etcd.MemberRepairPolicy} decides from
 * an observation, as a value; {@link dev.selfheal.agent.etcd.EtcdMemberRepair} observes and performs.
 */
package dev.selfheal.agent.etcd;
