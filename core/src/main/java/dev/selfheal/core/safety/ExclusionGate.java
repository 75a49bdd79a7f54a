package dev.selfheal.core.safety;

/** Never remediates a node labelled or annotated {@code <key>=true}. */
public final class ExclusionGate implements Gate {

    private final String key;

    /** @param key the label or annotation key, such as {@code selfheal.dev/exclude} */
    public ExclusionGate(String key) {
        this.key = key;
    }

    @Override
    public String name() {
        return "exclusion";
    }

    @Override
    public GateDecision evaluate(GateInput input) {
        boolean excluded = "true".equalsIgnoreCase(input.node().labels().get(key))
                || "true".equalsIgnoreCase(input.node().annotations().get(key));
        return excluded ? GateDecision.deny(name(), "node " + input.node().name() + " is excluded by " + key + "=true")
                : GateDecision.allow(name());
    }
}
