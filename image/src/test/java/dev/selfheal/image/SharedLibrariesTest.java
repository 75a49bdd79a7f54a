package dev.selfheal.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SharedLibrariesTest {

    private static final String LDD = """
            \tlinux-vdso.so.1 (0x00007ffd)
            \tlibz.so.1 => /lib/x86_64-linux-gnu/libz.so.1 (0x00007f01)
            \tlibjli.so => not found
            \tlibjvm.so => /opt/jre/lib/server/libjvm.so (0x00007f02)
            \tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f03)
            \t/lib64/ld-linux-x86-64.so.2 (0x00007f04)
            """;

    @Test
    void hostLibrariesAndTheLoaderAreNeededTheRuntimesOwnAreNot() {
        Set<String> needed = new TreeSet<>();
        SharedLibraries.parse(Path.of("bin/java"), LDD, Set.of("libjli.so", "libjvm.so"), needed);
        assertThat(needed).containsExactly("/lib/x86_64-linux-gnu/libc.so.6", "/lib/x86_64-linux-gnu/libz.so.1",
                "/lib64/ld-linux-x86-64.so.2");
    }

    @Test
    void aLibraryNobodyHasIsAnErrorNamingIt() {
        assertThatThrownBy(() -> SharedLibraries.parse(Path.of("bin/java"), LDD, Set.of("libjvm.so"), new TreeSet<>()))
                .hasMessageContaining("bin/java needs libjli.so");
    }

    @Test
    void theRunningJdksJavaNeedsGlibc() {
        Path jdk = Path.of(System.getProperty("java.home"));
        Set<String> needed = SharedLibraries.neededBy(jdk.resolve("lib").resolve("server").getParent().getParent());
        assertThat(needed).anyMatch(p -> p.endsWith("/libc.so.6")).anyMatch(p -> p.contains("ld-linux"));
    }
}
