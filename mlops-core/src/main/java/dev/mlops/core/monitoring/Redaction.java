package dev.mlops.core.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Takes secret values out of what is logged: every occurrence of one in a text value or a field name, and every
 * number or boolean that is one, becomes {@value #MARK}. A model that echoes its API key, or a caller that sends someone's password, leaves no trace of
 * either in the store.
 */
final class Redaction {

    static final String MARK = "[secret]";

    private final List<String> secrets;

    Redaction(List<String> secrets) {
        // Longest first, so a secret that contains another is taken out whole.
        this.secrets = secrets.stream().filter(value -> value != null && !value.isEmpty())
                .sorted((a, b) -> b.length() - a.length()).distinct().toList();
    }

    boolean none() {
        return secrets.isEmpty();
    }

    String text(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String result = text;
        for (String secret : secrets) {
            if (result.contains(secret)) {
                result = result.replace(secret, MARK);
            }
        }
        return result;
    }

    /** @return the tree with every secret taken out: the same tree when it holds none */
    JsonNode tree(JsonNode node) {
        if (node == null || secrets.isEmpty()) {
            return node;
        }
        if (node.isTextual()) {
            String text = node.textValue();
            String redacted = text(text);
            return redacted.equals(text) ? node : TextNode.valueOf(redacted);
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode(node.size());
            boolean changed = false;
            for (JsonNode item : node) {
                JsonNode redacted = tree(item);
                changed |= redacted != item;
                copy.add(redacted);
            }
            return changed ? copy : node;
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            boolean changed = false;
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                String name = text(field.getKey());
                JsonNode redacted = tree(field.getValue());
                changed |= redacted != field.getValue() || !name.equals(field.getKey());
                // Two names that differ only in a secret become one; the later value is kept, as JSON readers do.
                copy.set(name, redacted);
            }
            return changed ? copy : node;
        }
        // A number or boolean that is a secret, written as one (a PIN, say); a number is not searched for parts of
        // secrets, or a secret "1" would take out every number with a 1 in it.
        if (node.isValueNode() && !node.isNull() && secrets.contains(node.asText())) {
            return TextNode.valueOf(MARK);
        }
        return node;
    }
}
