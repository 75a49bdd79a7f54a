package dev.selfheal.core.safety;

import dev.selfheal.core.health.NodeView;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How many nodes each failure domain has, and how many of them look unhealthy now; a domain is a value of one node
 * label. Counted once per evaluation, on the decision thread.
 *
 * @param label the node label whose values name the domains, or null when there are no domains
 * @param byDomain the counts by domain (label value)
 */
public record DomainCounts(String label, Map<String, Count> byDomain) {

    /** No failure domains. */
    public static final DomainCounts NONE = new DomainCounts(null, Map.of());

    /**
     * The counts of one domain.
     *
     * @param total its nodes
     * @param unhealthy those that look unhealthy now
     * @param subject the node that Events about the domain are recorded on: its first unhealthy node by name, else its
     *                first node by name (null when the domain has no node)
     */
    public record Count(int total, int unhealthy, String subject) {
    }

    /** Copies the counts. */
    public DomainCounts {
        byDomain = Map.copyOf(byDomain);
    }

    /**
     * Counts the nodes by the value of {@code label}; nodes without it are in no domain.
     *
     * @param label the node label (null: no domains)
     * @param nodes every node
     * @param unhealthy the names of the nodes that look unhealthy now
     */
    public static DomainCounts of(String label, Collection<NodeView> nodes, Set<String> unhealthy) {
        if (label == null) {
            return NONE;
        }
        Map<String, Count> byDomain = new HashMap<>();
        for (NodeView n : nodes) {
            String domain = n.labels().get(label);
            if (domain != null) {
                byDomain.put(domain, add(byDomain.get(domain), n.name(), unhealthy.contains(n.name())));
            }
        }
        return new DomainCounts(label, byDomain);
    }

    private static Count add(Count c, String node, boolean sick) {
        if (c == null) {
            return new Count(1, sick ? 1 : 0, node);
        }
        boolean subjectSick = c.unhealthy() > 0;
        boolean takes = sick && !subjectSick || sick == subjectSick && node.compareTo(c.subject()) < 0;
        return new Count(c.total() + 1, c.unhealthy() + (sick ? 1 : 0), takes ? node : c.subject());
    }

    /** The node's domain, when it has one. */
    public Optional<String> domainOf(NodeView node) {
        return label == null ? Optional.empty() : Optional.ofNullable(node.labels().get(label));
    }

    /** The counts of a domain (zero when it has no node). */
    public Count count(String domain) {
        return byDomain.getOrDefault(domain, new Count(0, 0, null));
    }
}
