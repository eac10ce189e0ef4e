package org.clipfusion.datasets.internal;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.clipfusion.datasets.DatasetException;
import org.clipfusion.datasets.DatasetProblem;

/**
 * VisA's {@code split_csv/1cls.csv}: a header naming the columns {@code object,split,label,image,mask} (in any
 * order), then one row per image. Rows it cannot understand become {@link DatasetProblem}s with their line number;
 * a missing column or an unreadable file fails the whole file.
 */
final class VisaSplitFile {
    private static final List<String> COLUMNS = List.of("object", "split", "label", "image", "mask");

    private final List<VisaRow> rows = new ArrayList<>();
    private final List<DatasetProblem> problems = new ArrayList<>();

    private VisaSplitFile() {
    }

    static VisaSplitFile read(Path csv) throws DatasetException {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new DatasetException("cannot read " + csv + ": not UTF-8 text", e);
        } catch (IOException e) {
            throw new DatasetException("cannot read " + csv + ": " + e, e);
        }
        VisaSplitFile file = new VisaSplitFile();
        if (lines.isEmpty()) {
            throw new DatasetException("split file " + csv + " is empty (expected the header "
                    + String.join(",", COLUMNS) + ")");
        }
        int[] columns = columnIndices(csv, lines.get(0));
        for (int i = 1; i < lines.size(); i++) {
            if (!lines.get(i).isBlank()) {
                file.parseRow(csv, i + 1, lines.get(i), columns);
            }
        }
        return file;
    }

    List<VisaRow> rows() {
        return rows;
    }

    List<DatasetProblem> problems() {
        return problems;
    }

    private void parseRow(Path csv, int line, String text, int[] columns) {
        List<String> fields;
        try {
            fields = CsvFields.split(text);
        } catch (IllegalArgumentException e) {
            problems.add(new DatasetProblem(csv, "line " + line + ": " + e.getMessage() + "; row skipped"));
            return;
        }
        int needed = 0;
        for (int column : columns) {
            needed = Math.max(needed, column + 1);
        }
        if (fields.size() < needed) {
            problems.add(new DatasetProblem(csv, "line " + line + ": expected " + needed + " fields, found "
                    + fields.size() + "; row skipped"));
            return;
        }
        String object = fields.get(columns[0]).strip();
        String split = fields.get(columns[1]).strip().toLowerCase(Locale.ROOT);
        String label = fields.get(columns[2]).strip().toLowerCase(Locale.ROOT);
        String image = slashes(fields.get(columns[3]).strip());
        String mask = slashes(fields.get(columns[4]).strip());
        String complaint = object.isEmpty() ? "empty object"
                : !split.equals("train") && !split.equals("test") ? "unknown split '" + split + "' (train or test)"
                : !label.equals("normal") && !label.equals("anomaly")
                        ? "unknown label '" + label + "' (normal or anomaly)"
                : image.isEmpty() ? "empty image path"
                : null;
        if (complaint != null) {
            problems.add(new DatasetProblem(csv, "line " + line + ": " + complaint + "; row skipped"));
            return;
        }
        rows.add(new VisaRow(line, object, split.equals("train"), label.equals("anomaly"), image, mask));
    }

    private static int[] columnIndices(Path csv, String headerLine) throws DatasetException {
        // A UTF-8 byte order mark (Excel writes one) would otherwise stick to the first column's name.
        String header = headerLine.startsWith("\uFEFF") ? headerLine.substring(1) : headerLine;
        List<String> names = new ArrayList<>();
        try {
            for (String name : CsvFields.split(header)) {
                names.add(name.strip().toLowerCase(Locale.ROOT));
            }
        } catch (IllegalArgumentException e) {
            throw new DatasetException("split file " + csv + ": header line: " + e.getMessage());
        }
        int[] indices = new int[COLUMNS.size()];
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < COLUMNS.size(); i++) {
            indices[i] = names.indexOf(COLUMNS.get(i));
            if (indices[i] < 0) {
                missing.add(COLUMNS.get(i));
            }
        }
        if (!missing.isEmpty()) {
            throw new DatasetException("split file " + csv + ": header '" + header + "' lacks the column(s) "
                    + String.join(", ", missing) + " (expected " + String.join(",", COLUMNS) + ")");
        }
        return indices;
    }

    private static String slashes(String path) {
        return path.replace('\\', '/');
    }
}
