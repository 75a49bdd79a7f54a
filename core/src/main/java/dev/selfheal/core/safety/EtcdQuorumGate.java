package dev.selfheal.core.safety;

import dev.selfheal.core.config.ControlPlaneSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Never a step that breaks etcd quorum. A step that takes a node down ({@code reboot}, {@code fence},
 * {@code replace}, {@code remove-node}, and any other destructive step but {@code release}, which moves pods only)
 * on a node hosting an etcd member ({@link EtcdMembers}) acts only while a quorum of all members would stay healthy
 * among the <em>other</em> members; otherwise it is held until the cluster changes.
 *
 * <p>Members that can never keep a quorum without this one:
 * <ul>
 *   <li>a single member (a single master): nobody else can be hurt and nobody else can bring it back, so its
 *       {@code reboot} acts once the node's agent had its chance ({@code gates.controlPlane.agentGrace} since the
 *       node became unhealthy); fencing, replacing or removing it would leave no control plane at all (and no etcd
 *       data) and is passed by, for a person;</li>
 *   <li>two members: losing either breaks the quorum, so every such step is passed by, for a person.</li>
 * </ul>
 */
public final class EtcdQuorumGate implements StepGate {

    /** This gate's name. */
    public static final String NAME = "etcd-quorum";

    private static final Set<String> TAKES_THE_NODE_DOWN = Set.of("reboot", "fence", "replace", "remove-node");

    private final ControlPlaneSettings settings;

    /** @param settings the control-plane rules */
    public EtcdQuorumGate(ControlPlaneSettings settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Whether the step takes its node down (the steps this gate guards). */
    public static boolean takesTheNodeDown(String step, boolean destructive) {
        return TAKES_THE_NODE_DOWN.contains(step) || destructive && !"release".equals(step);
    }

    @Override
    public StepGateDecision evaluate(StepGateInput in) {
        String node = in.remediation().node();
        if (!takesTheNodeDown(in.step(), in.destructive()) || in.node().isEmpty()) {
            return StepGateDecision.act(NAME);
        }
        EtcdMembers members = EtcdMembers.of(in.snapshot(), settings.nodeSelector());
        if (!members.hosts(node)) {
            return StepGateDecision.act(NAME);
        }
        int size = members.nodes().size();
        String of = " (" + size + " etcd member" + (size == 1 ? "" : "s") + (members.inferred()
                ? ", membership unknown: every control-plane node taken to host one)" : ")");
        if (size == 1) {
            return single(in, node, of);
        }
        if (size == 2) {
            return StepGateDecision.passBy(NAME, "refusing " + in.step() + " of " + node + of + ": a two-member etcd loses its"
                    + " quorum with either member down; a person must decide");
        }
        List<String> unhealthy = new ArrayList<>();
        members.nodes().stream().filter(n -> !n.equals(node)).forEach(n -> members.unhealthy(n, in.now()).ifPresent(unhealthy::add));
        int healthy = size - 1 - unhealthy.size();
        int quorum = EtcdMembers.quorum(size);
        if (healthy < quorum) {
            return StepGateDecision.hold(NAME, "refusing " + in.step() + " of " + node + of + ": only " + healthy + " of the other "
                    + (size - 1) + " members would stay healthy, fewer than the quorum of " + quorum + "; unhealthy: "
                    + String.join("; ", unhealthy), null);
        }
        return StepGateDecision.act(NAME);
    }

    /** A single member: a reboot once the agent had its chance; nothing that leaves no control plane at all. */
    private StepGateDecision single(StepGateInput in, String node, String of) {
        if (!"reboot".equals(in.step())) {
            return StepGateDecision.passBy(NAME, "refusing " + in.step() + " of " + node + of + ": it is the only etcd member;"
                    + " without it there is no control plane and no etcd data; a person must decide");
        }
        Duration grace = settings.agentGrace();
        Instant after = in.unhealthySince().plus(grace);
        if (in.now().isBefore(after)) {
            return StepGateDecision.hold(NAME, "holding reboot of " + node + of + ": the only etcd member; its agent has until "
                    + after + " (gates.controlPlane.agentGrace " + grace + ") to bring it back first", after);
        }
        return StepGateDecision.act(NAME);
    }
}
