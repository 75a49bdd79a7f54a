package dev.selfheal.core.config;

/**
 * Storm protection per failure domain: the nodes sharing a value of one node label (a zone, a rack, a power
 * feed) form a domain; when more of a domain's nodes look unhealthy at once than {@code maxUnhealthy} allows, the
 * domain is frozen: none of its nodes is fenced or otherwise remediated until the storm ends and
 * {@code gates.stormCooldown} passes, while the other domains go on healing.
 *
 * @param label the node label whose values name the domains, such as {@code topology.kubernetes.io/zone}; nodes
 *              without it belong to no domain (only the cluster-wide limit applies to them)
 * @param maxUnhealthy the limit per domain: a count, or a percentage of the domain's nodes
 */
public record DomainStormSettings(String label, MaxUnhealthy maxUnhealthy) {

    /** The label of cloud providers' zones. */
    public static final String ZONE_LABEL = "topology.kubernetes.io/zone";

    /** Validates both fields. */
    public DomainStormSettings {
        Validate.text("gates.domainStorm.label", label, "([a-z0-9]([a-z0-9.-]*[a-z0-9])?/)?[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?",
                "a node label key such as " + ZONE_LABEL);
        if (label.length() > 316) {
            throw new InvalidConfigException("gates.domainStorm.label", "is longer than 316 characters; allowed: a node label key");
        }
        if (maxUnhealthy == null) {
            throw new InvalidConfigException("gates.domainStorm.maxUnhealthy", "is required; allowed: a count or a percentage such as 50%");
        }
    }

    /** Zones as domains, with the limit given ({@code "50%"} or a count). */
    public static DomainStormSettings zones(String maxUnhealthy) {
        return new DomainStormSettings(ZONE_LABEL, MaxUnhealthy.parse("gates.domainStorm.maxUnhealthy", maxUnhealthy));
    }
}
