package dev.selfheal.agent.internal;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Loads one YAML document (a manifest) into maps, lists and scalars with SnakeYAML's safe constructor: no
 * arbitrary types, few aliases, bounded nesting.
 */
public final class YamlTrees {

    private YamlTrees() {
    }

    /**
     * The document's tree, or null for an empty document.
     *
     * @throws IllegalArgumentException "not valid YAML: ..." with the problem and where
     */
    public static Object load(String yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(20);
        options.setNestingDepthLimit(50);
        options.setAllowDuplicateKeys(false);
        try {
            return new Yaml(new SafeConstructor(options)).load(yaml);
        } catch (MarkedYAMLException e) {
            String problem = String.valueOf(e.getProblem() == null ? e.getContext() : e.getProblem());
            throw new IllegalArgumentException("not valid YAML: " + problem + (e.getProblemMark() == null ? ""
                    : " at line " + (e.getProblemMark().getLine() + 1) + ", column " + (e.getProblemMark().getColumn() + 1)));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not valid YAML: " + e.getMessage());
        }
    }
}
