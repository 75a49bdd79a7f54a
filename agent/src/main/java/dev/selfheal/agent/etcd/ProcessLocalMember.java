package dev.selfheal.agent.etcd;

import dev.selfheal.agent.internal.AtomicFiles;
import dev.selfheal.agent.runtime.ProcessManifest;
import dev.selfheal.agent.runtime.ProcessRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The local etcd member as a process the agent runs ({@link ProcessRuntime}) from a process manifest file: a
 * stop ends the process group; a start rewrites the flags in the manifest's command (atomically, so the
 * checkpointer keeps the new one) and starts the process with it.
 */
public final class ProcessLocalMember implements LocalMember {

    private final ProcessRuntime runtime;
    private final Path manifestFile;

    /**
     * @param runtime the runtime that runs etcd
     * @param manifestFile its process manifest ({@code command}, {@code env}, {@code workDir})
     */
    public ProcessLocalMember(ProcessRuntime runtime, Path manifestFile) {
        this.runtime = runtime;
        this.manifestFile = manifestFile;
    }

    @Override
    public void stop() {
        runtime.stop();
    }

    @Override
    public void start(Map<String, String> flags) {
        try {
            String yaml = rewrite(manifestFile, flags);
            runtime.apply(yaml, true);
            runtime.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite the etcd manifest " + manifestFile, e);
        }
    }

    /** Sets the flags in the command of a process manifest file (atomically); returns the new manifest. */
    static String rewrite(Path manifestFile, Map<String, String> flags) throws IOException {
        ProcessManifest old = ProcessManifest.parse(Files.readString(manifestFile));
        String yaml = new ProcessManifest(EtcdFlags.with(old.command(), flags), old.env(), old.workDir()).toYaml();
        AtomicFiles.write(manifestFile, yaml.getBytes(StandardCharsets.UTF_8));
        return yaml;
    }
}
