package io.github.s3drreplicator.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds {@code s3-dr-replicator-sandbox.jar} and {@code sandbox-lib/} in the folder of the product's jar, as the build
 * leaves them in {@code target/}, and loads them in a class loader of their own whose parent is the product's: the
 * sandbox's servers join the process only when {@code --sandbox} or {@code bench} asks for them.
 */
final class SandboxJar {

    static final String JAR = "s3-dr-replicator-sandbox.jar";
    static final String LIBRARIES = "sandbox-lib";

    private SandboxJar() {
    }

    static Optional<ClassLoader> besideThisJar() {
        return productFolder().flatMap(SandboxJar::in);
    }

    static Optional<ClassLoader> in(Path folder) {
        Path jar = folder.resolve(JAR);
        if (!Files.isRegularFile(jar)) {
            return Optional.empty();
        }
        List<URL> urls = new ArrayList<>();
        urls.add(url(jar));
        Path libraries = folder.resolve(LIBRARIES);
        if (Files.isDirectory(libraries)) {
            try (Stream<Path> files = Files.list(libraries)) {
                files.filter(file -> file.toString().endsWith(".jar")).sorted().forEach(file -> urls.add(url(file)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Optional.of(new URLClassLoader("sandbox", urls.toArray(URL[]::new), SandboxJar.class.getClassLoader()));
    }

    /** The folder of the jar this class came from; empty when it came from a folder of classes. */
    private static Optional<Path> productFolder() {
        try {
            Path location = Path.of(SandboxJar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(location) ? Optional.ofNullable(location.getParent()) : Optional.empty();
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return Optional.empty();
        }
    }

    private static URL url(Path file) {
        try {
            return file.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
