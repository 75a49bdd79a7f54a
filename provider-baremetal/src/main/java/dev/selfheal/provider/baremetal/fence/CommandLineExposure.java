package dev.selfheal.provider.baremetal.fence;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The ClusterLabs fence agents (as of fence-agents 4.12.1) known to hand the password they read on stdin to
 * a child program on its command line, where any local user can read it in the process list
 * ({@code /proc/<pid>/cmdline}) while the child runs; and the safer choice for each. None of them offers a
 * way around it: {@code passwd_script} only changes where the agent reads the password from, it still
 * passes it on with {@code -P} (ipmitool), {@code -A} (net-snmp) or {@code --password} (vmware-cmd).
 *
 * @param how what the agent runs with the password
 * @param saferChoice what to use instead
 */
record CommandLineExposure(String how, String saferChoice) {

    private static final String IPMI = "runs ipmitool with -P <password>";
    private static final String USE_IPMI = "use protocol=ipmi (the provider's own ipmitool driver passes the password"
            + " in the environment with -E, never on a command line)";
    private static final Set<String> IPMITOOL_AGENTS = Set.of("fence_ipmilan", "fence_ipmilanplus", "fence_idrac",
            "fence_ilo3", "fence_ilo4", "fence_ilo5", "fence_imm");
    private static final Set<String> SNMP_AGENTS = Set.of("fence_apc_snmp", "fence_cisco_mds", "fence_eaton_snmp",
            "fence_emerson", "fence_ibmblade", "fence_ifmib", "fence_intelmodular", "fence_ipdu", "fence_lindypdu",
            "fence_tripplite_snmp");
    private static final Map<String, CommandLineExposure> OTHERS = Map.of("fence_vmware", new CommandLineExposure(
            "runs vmware-cmd/vmrun with --password <password>", "use the vsphere provider instead, which sends it in"
            + " the SOAP login body only"));

    /**
     * How {@code agent} exposes the password and what to use instead, when it is known to; else empty.
     *
     * @param agent the agent's name, such as {@code fence_ipmilan}
     */
    static Optional<CommandLineExposure> of(String agent) {
        if (IPMITOOL_AGENTS.contains(agent)) {
            return Optional.of(new CommandLineExposure(IPMI, USE_IPMI
                    + (agent.equals("fence_ipmilan") || agent.equals("fence_ipmilanplus") ? "" : ", or protocol=redfish"
                    + " when the BMC speaks Redfish")));
        }
        if (SNMP_AGENTS.contains(agent)) {
            return Optional.of(new CommandLineExposure("runs snmpget/snmpset with -A <password> (SNMPv3)",
                    "no provider protocol replaces it: run the healer where other users cannot list its processes"
                    + " (mount /proc with hidepid=2)"));
        }
        return Optional.ofNullable(OTHERS.get(agent));
    }
}
