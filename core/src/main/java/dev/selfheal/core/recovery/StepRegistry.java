package dev.selfheal.core.recovery;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/** The recovery steps known by name: the built-in ones, then ServiceLoader contributions, then programmatic ones. */
public final class StepRegistry {

    private final Map<String, RecoveryStep> steps;

    private StepRegistry(Map<String, RecoveryStep> steps) {
        this.steps = Map.copyOf(steps);
    }

    /** The built-in steps. */
    public static List<RecoveryStep> builtIn() {
        return List.of(new RestartComponentStep(), new RebootStep(), new FenceStep(), new ReleaseWorkloadsStep(),
                new PowerOnStep(), new ReplaceStep(), new RemoveNodeStep(), new DeletePodStep());
    }

    /**
     * Built-in steps, then those of every {@link RecoveryStepFactory} found on the class path, then
     * {@code extra}; a later step with the name of an earlier one replaces it.
     */
    public static StepRegistry create(Collection<RecoveryStep> extra) {
        Map<String, RecoveryStep> m = new LinkedHashMap<>();
        builtIn().forEach(s -> m.put(s.name(), s));
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        for (RecoveryStepFactory f : ServiceLoader.load(RecoveryStepFactory.class, cl != null ? cl : StepRegistry.class.getClassLoader())) {
            f.steps().forEach(s -> m.put(s.name(), s));
        }
        extra.forEach(s -> m.put(s.name(), s));
        return new StepRegistry(m);
    }

    /** A step by name. */
    public Optional<RecoveryStep> step(String name) {
        return Optional.ofNullable(steps.get(name));
    }

    /** The known step names. */
    public java.util.Set<String> names() {
        return new java.util.TreeSet<>(steps.keySet());
    }
}
