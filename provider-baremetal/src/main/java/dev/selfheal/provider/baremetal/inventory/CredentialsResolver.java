package dev.selfheal.provider.baremetal.inventory;

import dev.selfheal.provider.baremetal.bmc.BmcCredentials;
import dev.selfheal.provider.baremetal.bmc.CredentialsRef;
import dev.selfheal.spi.PermanentProviderException;
import dev.selfheal.spi.RegularFiles;
import dev.selfheal.spi.Secret;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Reads the credentials a {@link CredentialsRef} names, at the time of each call, so that a rotated
 * Secret is picked up without a restart. Errors name the reference and the file or variable, never a value.
 * Thread-safe.
 */
public final class CredentialsResolver {

    /** The operation named in errors. */
    public static final String OPERATION = "read BMC credentials";

    private final Path credentialsDir;
    private final Map<String, BmcCredentials> fromConfig;
    private final UnaryOperator<String> environment;

    /**
     * @param credentialsDir the folder holding one folder per {@code secret:<name>}
     * @param fromConfig the {@code config:<name>} credentials, by name
     * @param environment reads an environment variable ({@code System::getenv})
     */
    public CredentialsResolver(Path credentialsDir, Map<String, BmcCredentials> fromConfig,
                               UnaryOperator<String> environment) {
        this.credentialsDir = Objects.requireNonNull(credentialsDir, "credentialsDir");
        this.fromConfig = Map.copyOf(fromConfig);
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    /**
     * Reads credentials.
     *
     * @param ref the reference
     * @param machine the machine they are for, named in errors
     * @throws PermanentProviderException naming the reference and what is missing
     */
    public BmcCredentials resolve(CredentialsRef ref, String machine) {
        return switch (ref.kind()) {
            case SECRET -> fromFolder(ref, credentialsDir.resolve(ref.value()), machine);
            case DIR -> fromFolder(ref, Path.of(ref.value()), machine);
            case ENV -> fromEnvironment(ref, machine);
            case CONFIG -> {
                BmcCredentials c = fromConfig.get(ref.value());
                if (c == null) {
                    throw missing(machine, ref, "no settings credentials." + ref.value() + ".username and secret credentials."
                            + ref.value() + ".password in the provider configuration");
                }
                yield c;
            }
        };
    }

    private BmcCredentials fromFolder(CredentialsRef ref, Path folder, String machine) {
        return new BmcCredentials(readFile(ref, folder.resolve("username"), machine),
                Secret.of(readFile(ref, folder.resolve("password"), machine)), ref);
    }

    private static String readFile(CredentialsRef ref, Path file, String machine) {
        try {
            String v = stripLineEnd(RegularFiles.readString(file, RegularFiles.SECRET_LIMIT));
            if (v.isEmpty()) {
                throw missing(machine, ref, "file " + file + " is empty");
            }
            return v;
        } catch (IOException e) {
            throw missing(machine, ref, "file cannot be read (" + e.getMessage() + "); mount the Secret with keys"
                    + " 'username' and 'password' there, each a regular file of at most 1 MiB");
        }
    }

    private BmcCredentials fromEnvironment(CredentialsRef ref, String machine) {
        String userVar = ref.value() + "_USERNAME";
        String passwordVar = ref.value() + "_PASSWORD";
        String user = environment.apply(userVar);
        String password = environment.apply(passwordVar);
        if (user == null || user.isEmpty() || password == null || password.isEmpty()) {
            throw missing(machine, ref, "environment variables " + userVar + " and " + passwordVar + " must both be set");
        }
        return new BmcCredentials(user, Secret.of(password), ref);
    }

    /** Files from Secrets often end with a newline that is not part of the value. */
    static String stripLineEnd(String v) {
        int end = v.length();
        while (end > 0 && (v.charAt(end - 1) == '\n' || v.charAt(end - 1) == '\r')) {
            end--;
        }
        return v.substring(0, end);
    }

    private static PermanentProviderException missing(String machine, CredentialsRef ref, String what) {
        return new PermanentProviderException(machine, OPERATION, "credentials " + ref + ": " + what);
    }
}
