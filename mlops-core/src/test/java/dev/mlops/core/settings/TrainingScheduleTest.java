package dev.mlops.core.settings;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrainingScheduleTest {

    private static final String WITH_TRAINING = """
            model_name: model1
            human_friendly_model_name: 'My First Model'
            model_class: com.example.Model1
            artifact_folder: model_artifact
            test_file: null
            info:
              prediction:
                description: Predicts AC
                owner: data-science@example.com
                %s
              training:
                description: Fits it
                owner: data-science@example.com
                %s
            """;

    @TempDir
    Path folder;

    private Settings read(String prediction, String training) throws Exception {
        Path file = folder.resolve("mlops_settings.yaml");
        Files.writeString(file, WITH_TRAINING.formatted(prediction, training));
        return SettingsFile.read(file);
    }

    @Test
    void trainingMayRunOnAScheduleInCronsFiveFields() throws Exception {
        Settings settings = read("", "schedule: '0  3 * *   MON'");

        assertThat(settings.models().get(0).training().orElseThrow().schedule()).contains("0 3 * * MON");
        assertThat(settings.models().get(0).prediction().orElseThrow().schedule()).isEmpty();
        assertThat(read("", "schedule: null").models().get(0).training().orElseThrow().schedule()).isEmpty();
    }

    @Test
    void onlyTrainingRunsOnASchedule() {
        assertThatThrownBy(() -> read("schedule: '0 3 * * 1'", ""))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("info.prediction.schedule: only the training service runs on a schedule;"
                        + " move it to info.training");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "@daily|is a macro, which GitHub's schedule does not take",
            "0 3 * *|has 4 fields; a schedule has five: minute hour day-of-month month day-of-week, in UTC",
            "0 3 * * * *|has 6 fields",
            "60 3 * * *|has '60' for the minute; it goes from 0 to 59",
            "0 24 * * *|has '24' for the hour; it goes from 0 to 23",
            "0 3 0 * *|has '0' for the day of the month; it goes from 1 to 31",
            "0 3 * 13 *|has '13' for the month; it goes from 1 to 12 (or JAN to DEC)",
            "0 3 * * FUNDAY|has 'FUNDAY' for the day of the week; it goes from 0 to 7 (or SUN to SAT)",
            "*/0 * * * *|steps the minute by 0",
            "0 3 * * ?|has '?' for the day of the week, which is not a number",
    })
    void aScheduleThatIsNotOneIsNamedWithTheReason(String schedule, String reason) {
        assertThatThrownBy(() -> read("", "schedule: '" + schedule + "'"))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("info.training.schedule '" + schedule + "' " + reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"*/15 * * * *", "0 0 1 JAN,jul *", "30 2 * * 1-5", "5,35 0-23/2 1-31 * SUN", "0 3 * * 7"})
    void schedulesGitHubTakesAreTaken(String schedule) {
        assertThat(CronSchedule.problem(schedule)).isEmpty();
    }

    @Test
    void normalizingKeepsTheFieldsAndDropsTheSpaces() {
        assertThat(List.of(CronSchedule.normalize("  0\t3  * * 1 "))).containsExactly("0 3 * * 1");
    }
}
