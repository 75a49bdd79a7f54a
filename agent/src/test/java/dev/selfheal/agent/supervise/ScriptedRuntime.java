package dev.selfheal.agent.supervise;

import dev.selfheal.agent.runtime.ComponentRuntime;
import dev.selfheal.agent.runtime.RuntimeStatus;
import java.util.ArrayList;
import java.util.List;

/** A test runtime of our own interface: records calls, and runs or not as the test says. */
final class ScriptedRuntime implements ComponentRuntime {

    final List<String> calls = new ArrayList<>();
    final List<String> applied = new ArrayList<>();
    boolean running;
    boolean startsRunning = true;
    String startFailure;

    @Override
    public void start() {
        calls.add("start");
        if (startFailure != null) {
            throw new IllegalStateException(startFailure);
        }
        running = startsRunning;
    }

    @Override
    public void restart() {
        calls.add("restart");
        running = startsRunning;
    }

    @Override
    public RuntimeStatus status() {
        return running ? RuntimeStatus.running("up") : RuntimeStatus.stopped("down");
    }

    @Override
    public void apply(String content, boolean changed) {
        applied.add((changed ? "changed:" : "first:") + content.strip());
    }

    @Override
    public void close() {
        calls.add("close");
    }

    long count(String call) {
        return calls.stream().filter(call::equals).count();
    }
}
