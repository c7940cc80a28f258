package dev.mlops.maven;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.core.settings.SettingsFields;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The schema shipped for editors names exactly the fields the settings reader accepts. */
class SettingsSchemaTest {

    private static JsonNode schema() throws Exception {
        try (InputStream in = SettingsSchemaTest.class.getResourceAsStream("/mlops-settings.schema.json")) {
            assertThat(in).as("schema at the root of the plugin jar").isNotNull();
            return new ObjectMapper().readTree(in);
        }
    }

    private static List<String> names(JsonNode properties) {
        List<String> names = new ArrayList<>();
        properties.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void schemaFieldsAreTheReadersFields() throws Exception {
        JsonNode schema = schema();
        assertThat(names(schema.get("properties"))).containsExactlyElementsOf(SettingsFields.MODEL);
        assertThat(names(schema.at("/properties/info/properties"))).containsExactlyElementsOf(SettingsFields.INFO);
        assertThat(names(schema.at("/properties/monitoring/properties")))
                .containsExactlyElementsOf(SettingsFields.MONITORING);
        assertThat(names(schema.at("/definitions/service/properties")))
                .containsExactlyElementsOf(SettingsFields.SERVICE);
        assertThat(names(schema.at("/properties/helper_models/items/oneOf/1/properties")))
                .containsExactlyElementsOf(SettingsFields.HELPER);
        assertThat(schema.get("additionalProperties").asBoolean()).isFalse();
    }
}
