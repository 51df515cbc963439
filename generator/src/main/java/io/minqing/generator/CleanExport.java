package io.minqing.generator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** The clean exports: exports/cases.csv and exports/surveys.csv, UTF-8 without BOM, LF, yyyy-MM-dd HH:mm:ss. */
final class CleanExport implements ExportSink {

    static final String CASES = "exports/cases.csv";
    static final String SURVEYS = "exports/surveys.csv";

    private final CsvSink cases;
    private final CsvSink surveys;

    CleanExport(Path dir) throws IOException {
        cases = new CsvSink(dir.resolve(CASES), StandardCharsets.UTF_8, false, "\n");
        cases.header(Rows.CASE_HEADERS);
        surveys = new CsvSink(dir.resolve(SURVEYS), StandardCharsets.UTF_8, false, "\n");
        surveys.header(Rows.SURVEY_HEADERS);
    }

    @Override
    public void writeCase(SyntheticCase c) throws IOException {
        cases.row(Rows.caseValues(c));
    }

    @Override
    public void writeSurvey(SyntheticSurvey s) throws IOException {
        surveys.row(Rows.surveyValues(s));
    }

    @Override
    public List<ExportFile> finish() throws IOException {
        cases.close();
        surveys.close();
        List<String> fmt = List.of("yyyy-MM-dd HH:mm:ss");
        return List.of(
                new ExportFile(CASES, "cases", "csv", "UTF-8", false, "LF", Rows.CASE_HEADERS, cases.rows(), List.of(), fmt),
                new ExportFile(SURVEYS, "surveys", "csv", "UTF-8", false, "LF", Rows.SURVEY_HEADERS, surveys.rows(), List.of(), fmt));
    }
}
