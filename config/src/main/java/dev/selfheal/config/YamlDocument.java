package dev.selfheal.config;

import dev.selfheal.spi.RegularFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Parses one YAML configuration document into a {@link ConfigMap}. Bounds: at most
 * {@value #MAX_COLLECTION_ALIASES} aliases of lists or mappings (so an alias bomb is refused, while an anchor
 * reused a few times is resolved), nesting at most {@value #MAX_DEPTH} levels deep, at most
 * {@link RegularFiles#CONFIG_LIMIT} characters; an undefined alias, a second document or a syntax error is an
 * error of the field {@code (document)}.
 */
public final class YamlDocument {

    /** Aliases of lists or mappings allowed in one document. */
    public static final int MAX_COLLECTION_ALIASES = 20;
    /** Nesting depth allowed. */
    public static final int MAX_DEPTH = 20;
    /** The pseudo field of problems with the document as a whole. */
    public static final String DOCUMENT = "(document)";
    /** The pseudo field of problems reading the file. */
    public static final String FILE = "(file)";

    private YamlDocument() {
    }

    /**
     * Reads a configuration file: a regular file of at most {@link RegularFiles#CONFIG_LIMIT} bytes.
     *
     * @throws RuntimeException from {@code errors}, naming {@value #FILE}, when it cannot be read
     */
    public static String readFile(Path file, FieldErrors errors) {
        try {
            return RegularFiles.readString(file, RegularFiles.CONFIG_LIMIT);
        } catch (IOException | RuntimeException e) {
            throw errors.error(FILE, "cannot read the configuration file: " + e.getMessage());
        }
    }

    /** Parses YAML text; empty when the document is empty or a null. */
    public static Optional<ConfigMap> parse(String yaml, FieldErrors errors) {
        return parse(yaml, errors, ValueFilter.NONE);
    }

    /**
     * Parses YAML text; empty when the document is empty or a null.
     *
     * @param filter applied to every scalar value before it is interpreted
     * @throws RuntimeException from {@code errors} when the text is not one YAML mapping
     */
    public static Optional<ConfigMap> parse(String yaml, FieldErrors errors, ValueFilter filter) {
        Node root = compose(yaml, errors);
        if (root == null || (root instanceof ScalarNode s && (s.getTag().equals(Tag.NULL) || s.getValue().isBlank()))) {
            return Optional.empty();
        }
        return Optional.of(ConfigMap.root(root, errors, filter));
    }

    private static Node compose(String yaml, FieldErrors errors) {
        if (yaml.length() > RegularFiles.CONFIG_LIMIT) {
            throw errors.error(DOCUMENT, "is longer than " + RegularFiles.CONFIG_LIMIT + " characters");
        }
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(RegularFiles.CONFIG_LIMIT);
        options.setAllowDuplicateKeys(false);
        options.setMergeOnCompose(false);
        try {
            return new Composer(new ParserImpl(new StreamReader(yaml), options), new Resolver(), options).getSingleNode();
        } catch (MarkedYAMLException e) {
            throw errors.error(DOCUMENT, "not valid YAML: " + describe(e));
        } catch (RuntimeException | StackOverflowError e) {
            throw errors.error(DOCUMENT, "not valid YAML: " + aliases(String.valueOf(e.getMessage())));
        }
    }

    private static String aliases(String message) {
        return message.contains("Number of aliases") ? "more than " + MAX_COLLECTION_ALIASES
                + " aliases of lists or mappings; allowed: at most " + MAX_COLLECTION_ALIASES + " (an alias bomb is refused)"
                : message;
    }

    private static String describe(MarkedYAMLException e) {
        String problem = aliases(String.valueOf(e.getProblem() == null ? e.getContext() : e.getProblem()));
        return problem + (e.getProblemMark() == null ? "" : " at line " + (e.getProblemMark().getLine() + 1)
                + ", column " + (e.getProblemMark().getColumn() + 1));
    }
}
