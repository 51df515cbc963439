package io.minqing.generator;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;

/** A messy CSV export: GBK or UTF-8 (with BOM), CRLF, times either ISO-like or as Excel re-saves them (2021/9/14 11:02). */
final class CsvTarget extends Target {

    private final CsvSink sink;
    private final String encoding;
    private final boolean bom;
    private final boolean excelTimes;

    CsvTarget(Path root, String path, String kind, List<String> canonical, List<String> headers, int[] layout, Charset cs,
              boolean bom, boolean excelTimes) throws IOException {
        super(path, kind, canonical, headers, layout);
        this.sink = new CsvSink(root.resolve(path), cs, bom, "\r\n");
        this.encoding = cs.name();
        this.bom = bom;
        this.excelTimes = excelTimes;
        sink.header(headers);
    }

    @Override
    Loc writeRow(Object[] cells) throws IOException {
        String[] v = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            Object c = cells[i];
            v[i] = c == null ? "" : c instanceof LocalDateTime t ? formatTime(t) : (String) c;
        }
        return new Loc(sink.row(v), null, null);
    }

    @Override
    Loc blank() throws IOException {
        return new Loc(sink.blankLine(), null, null);
    }

    @Override
    Loc headerLoc() {
        return new Loc(1L, null, null);
    }

    @Override
    String formatTime(LocalDateTime t) {
        return excelTimes ? slash(t) : Rows.time(t);
    }

    /** 2021/9/14 11:02 — how Excel writes a time back into CSV (seconds dropped, no leading zeros). */
    static String slash(LocalDateTime t) {
        StringBuilder sb = new StringBuilder(16);
        sb.append(t.getYear()).append('/').append(t.getMonthValue()).append('/').append(t.getDayOfMonth()).append(' ')
                .append(t.getHour()).append(':');
        return Rows.pad(sb, t.getMinute(), 2).toString();
    }

    @Override
    ExportSink.ExportFile finish() throws IOException {
        flushPending();
        sink.close();
        return new ExportSink.ExportFile(path, kind, "csv", encoding, bom, "CRLF", headers, rows, List.of(),
                excelTimes ? List.of("yyyy/M/d H:mm (seconds dropped)") : List.of("yyyy-MM-dd HH:mm:ss"));
    }
}
