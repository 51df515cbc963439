package io.minqing.ingest;

import io.minqing.contract.Contract;
import io.minqing.contract.MinqingException;
import io.minqing.contract.spark.SparkSchemas;
import io.minqing.ingest.read.Inputs;
import io.minqing.ingest.read.RecordSource;
import io.minqing.ingest.read.SourceRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The intermediate rows of a run: what happened to each input record (a staged case, a staged survey or a
 * reject) plus one {@code unit} row per piece read (a file, a sheet or a range of a large CSV) with its read count
 * and reader counters; the driver adds up the pieces of a unit. Produced inside the Spark tasks, one task per
 * piece, streaming: a task holds one record at a time.
 */
public final class Outcomes {

    public static final String CASE = "case";
    public static final String SURVEY = "survey";
    public static final String REJECT = "reject";
    public static final String UNIT = "unit";

    public static final StructType SCHEMA = new StructType()
            .add("kind", DataTypes.StringType, false)
            .add("unit", DataTypes.IntegerType, false)
            .add("table", DataTypes.StringType, true)
            .add("cases", SparkSchemas.structType(Contract.CASES), true)
            .add("surveys", SparkSchemas.structType(Contract.SURVEYS), true)
            .add("reject", SparkSchemas.structType(Contract.REJECTS), true)
            .add("raw", DataTypes.StringType, true)
            .add("encoding", DataTypes.StringType, true)
            .add("counters", DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType), true)
            .add("headers", DataTypes.createArrayType(DataTypes.StringType), true)
            .add("error", DataTypes.StringType, true)
            .add("error_exit", DataTypes.IntegerType, true)
            .add("piece", DataTypes.IntegerType, true);

    private Outcomes() {
    }

    /** The task function: one unit in, its outcome rows out (lazily). */
    public static final class UnitReader implements FlatMapFunction<Inputs.Piece, Row> {
        private static final long serialVersionUID = 1L;
        private final RecordMapper mapper;
        private final String encoding;

        public UnitReader(RecordMapper mapper, String encoding) {
            this.mapper = mapper;
            this.encoding = encoding;
        }

        @Override
        public Iterator<Row> call(Inputs.Piece piece) {
            Inputs.Unit u = piece.unit();
            RecordSource src;
            String table;
            try {
                src = Inputs.source(piece, encoding);
                table = mapper.tableFor(src.headers());
                mapper.requireHeaders(u.label(), table, src.headers());
            } catch (MinqingException e) {
                // a file-level problem: reported by the driver (Spark would only pass on the message text)
                return List.of(errorRow(u, e)).iterator();
            }
            return new Iterator<>() {
                final Map<String, Long> counters = new TreeMap<>();
                long read;
                boolean unitDone;

                private boolean hasNextRecord() {
                    try {
                        return src.hasNext();
                    } catch (MinqingException e) {
                        failed = e;
                        return false;
                    }
                }

                @Override
                public boolean hasNext() {
                    if (failed == null && hasNextRecord()) {
                        return true;
                    }
                    if (unitDone) {
                        return false;
                    }
                    return true;
                }

                MinqingException failed;

                @Override
                public Row next() {
                    if (failed == null && hasNextRecord()) {
                        SourceRecord r = src.next();
                        read++;
                        RecordMapper.Mapped m = mapper.map(table, u.label(), r, counters);
                        if (m.isReject()) {
                            return RowFactory.create(REJECT, u.index(), table, null, null, RowFactory.create(m.reject()), null, null, null, null, null, null, null);
                        }
                        Row staged = RowFactory.create(m.staged());
                        return table.equals(RecordMapper.CASES)
                                ? RowFactory.create(CASE, u.index(), table, staged, null, null, m.raw(), null, null, null, null, null, null)
                                : RowFactory.create(SURVEY, u.index(), table, null, staged, null, m.raw(), null, null, null, null, null, null);
                    }
                    if (unitDone) {
                        throw new NoSuchElementException();
                    }
                    unitDone = true;
                    try {
                        src.close();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    if (failed != null) {
                        return errorRow(u, failed);
                    }
                    Map<String, Long> all = new TreeMap<>(src.counters());
                    counters.forEach((k, v) -> all.merge(k, v, Long::sum));
                    all.put("read", read);
                    List<String> headers = src.headers();
                    return RowFactory.create(UNIT, u.index(), table, null, null, null, null, src.encoding(),
                            scala.jdk.javaapi.CollectionConverters.asScala(all),
                            headers.toArray(new String[0]), null, null, pieceIndex(piece));
                }
            };
        }

        private static int pieceIndex(Inputs.Piece p) {
            return p.split() == null ? 0 : p.split().index();
        }

        private static Row errorRow(Inputs.Unit u, MinqingException e) {
            return RowFactory.create(UNIT, u.index(), null, null, null, null, null, null, null, null, e.getMessage(),
                    e.exitCode().code(), 0);
        }
    }
}
