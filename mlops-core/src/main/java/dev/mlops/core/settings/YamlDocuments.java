package dev.mlops.core.settings;

import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The YAML layer of a settings file: bytes to composed documents, and mappings to their fields with merge keys
 * applied. Works on SnakeYAML's node tree rather than constructed objects so that every value keeps its line and
 * column, and so that no user-written tag can construct anything.
 */
final class YamlDocuments {

    /** Far more than any real settings file; keeps a wrong file (a data set, a binary) from being parsed at all. */
    static final int MAX_BYTES = 1024 * 1024;

    /**
     * No limit on aliases of lists and mappings. SnakeYAML counts them over the whole file, not per model, so its
     * limit would refuse a long file whose every model merges an anchor. An alias bomb is harmless here: this
     * reader never expands aliases (it walks the node graph, merges each mapping once and stops turning metadata
     * into text at a bound), and the file size is capped.
     */
    private static final int MAX_COLLECTION_ALIASES = Integer.MAX_VALUE;

    /** A mapping's field: its key as written and its value. */
    record Field(ScalarNode key, String name, Node value) {
    }

    private final Problems problems;
    private final Map<MappingNode, Map<String, Field>> flattened = new IdentityHashMap<>();

    YamlDocuments(Problems problems) {
        this.problems = problems;
    }

    /**
     * @return the root node of every document that has content, in file order; the documents before a syntax error
     *         are returned too, and the error is a problem
     */
    List<Node> compose(byte[] bytes) {
        String text = decode(bytes);
        if (text == null || !allowedCharacters(text)) {
            return List.of();
        }
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
        options.setCodePointLimit(MAX_BYTES);
        options.setAllowRecursiveKeys(false);
        List<Node> documents = new ArrayList<>();
        Iterator<Node> nodes = new Yaml(options).composeAll(new StringReader(text)).iterator();
        try {
            while (nodes.hasNext()) {
                Node root = nodes.next();
                if (!isEmpty(root)) {
                    documents.add(root);
                }
            }
        } catch (MarkedYAMLException e) {
            syntaxError(e);
        } catch (YAMLException | IllegalStateException | StackOverflowError e) {
            problems.error(notValidYaml(e));
        }
        return documents;
    }

    /**
     * @return the fields of a mapping, explicit ones in file order followed by those merged in through {@code <<}
     *         that the mapping does not set itself; a key written twice is a problem
     */
    Map<String, Field> fields(MappingNode mapping) {
        Map<String, Field> known = flattened.get(mapping);
        if (known != null) {
            return known;
        }
        Map<String, Field> fields = new LinkedHashMap<>();
        List<Node> merged = new ArrayList<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (!(keyNode instanceof ScalarNode key)) {
                problems.error(keyNode, "a field name must be plain text, found " + describe(keyNode));
            } else if (Tag.MERGE.equals(key.getTag())) {
                merged.add(tuple.getValueNode());
            } else {
                Field earlier = fields.get(key.getValue());
                if (earlier != null) {
                    problems.error(key, key.getValue() + " is given twice here (first at line "
                            + problems.at(earlier.key()).line() + "); keep one");
                } else {
                    fields.put(key.getValue(), new Field(key, key.getValue(), tuple.getValueNode()));
                }
            }
        }
        for (Node source : merged) {
            for (MappingNode mergedMapping : mergeSources(source)) {
                fields(mergedMapping).forEach(fields::putIfAbsent);
            }
        }
        flattened.put(mapping, fields);
        return fields;
    }

    private List<MappingNode> mergeSources(Node source) {
        if (source instanceof MappingNode mapping) {
            return List.of(mapping);
        }
        List<MappingNode> sources = new ArrayList<>();
        if (source instanceof SequenceNode sequence) {
            for (Node item : sequence.getValue()) {
                if (item instanceof MappingNode mapping) {
                    sources.add(mapping);
                } else {
                    problems.error(item, "a merge key (<<) takes mappings to merge, found " + describe(item)
                            + "; write << : *anchor_of_a_mapping");
                }
            }
        } else {
            problems.error(source, "a merge key (<<) takes a mapping or a list of mappings, found "
                    + describe(source) + "; write << : *anchor_of_a_mapping");
        }
        return sources;
    }

    /** How a node reads in a message: {@code 'text'}, {@code null}, {@code a list} or {@code a mapping}. */
    static String describe(Node node) {
        if (node instanceof ScalarNode scalar) {
            return isNull(scalar) ? "null" : "'" + scalar.getValue() + "'";
        }
        return node instanceof SequenceNode ? "a list" : "a mapping";
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    private static boolean isEmpty(Node root) {
        return isNull(root) && ((ScalarNode) root).getValue().isEmpty();
    }

    private String decode(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            String before = new String(bytes, 0, in.position(), StandardCharsets.UTF_8);
            problems.error(locate(before), String.format(
                    "the file is not UTF-8 text (byte 0x%02X); save it as UTF-8, or check that it is the settings"
                            + " file", bytes[in.position()] & 0xFF), SettingsProblem.Fix.NAME_THE_FILE);
            return null;
        }
        decoder.flush(out);
        out.flip();
        String text = out.toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** YAML forbids control characters; finding one means this is not a settings file, so one error is enough. */
    private boolean allowedCharacters(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean allowed = c == '\t' || c == '\n' || c == '\r' || (c >= 0x20 && c < 0x7F) || c == 0x85
                    || (c >= 0xA0 && c <= 0xFFFD);
            if (!allowed) {
                problems.error(locate(text.substring(0, i)), String.format(
                        "control character U+%04X is not allowed in YAML; remove it, or check that it is the"
                                + " settings file", (int) c), SettingsProblem.Fix.NAME_THE_FILE);
                return false;
            }
        }
        return true;
    }

    private SettingsLocation locate(String textBefore) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < textBefore.length(); i++) {
            if (textBefore.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new SettingsLocation(problems.file(), line, textBefore.length() - lineStart + 1);
    }

    private void syntaxError(MarkedYAMLException e) {
        String problem = e.getProblem() == null ? e.getMessage() : e.getProblem();
        String message;
        if (problem.contains("(TAB)") || problem.contains("'\\t'")) {
            message = "a tab cannot indent YAML; indent with spaces";
        } else if (problem.startsWith("found undefined alias")) {
            message = "not valid YAML: " + problem + "; define the anchor (&name) before its alias (*name)";
        } else {
            message = "not valid YAML: " + problem + "; check the indentation and the ': ' after each field name";
        }
        if (e.getProblemMark() != null) {
            problems.error(problems.at(e.getProblemMark()), message);
        } else {
            problems.error(message);
        }
    }

    private static String notValidYaml(Throwable e) {
        String detail = e.getMessage() == null ? "" : e.getMessage();
        if (e instanceof StackOverflowError || detail.startsWith("Nesting Depth")) {
            return "not valid settings: the values are nested too deeply; a settings file needs only a few levels";
        }
        return "not valid YAML: " + detail;
    }
}
