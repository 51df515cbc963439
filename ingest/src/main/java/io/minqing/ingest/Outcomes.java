package io.minqing.ingest;

import io.minqing.contract.Contract;
import io.minqing.contract.spark.SparkSchemas;
import io.minqing.ingest.read.Inputs;
import java.util.Iterator;
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
            PieceReader reader = new PieceReader(piece, mapper, encoding);
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return reader.hasNext();
                }

                @Override
                public Row next() {
                    return toRow(reader.next());
                }
            };
        }

        private static Row toRow(PieceReader.Outcome o) {
            switch (o.kind()) {
                case REJECT:
                    return RowFactory.create(REJECT, o.unit(), o.table(), null, null, RowFactory.create(o.reject()), null, null, null, null, null, null, null);
                case CASE:
                    return RowFactory.create(CASE, o.unit(), o.table(), RowFactory.create(o.staged()), null, null, o.raw(), null, null, null, null, null, null);
                case SURVEY:
                    return RowFactory.create(SURVEY, o.unit(), o.table(), null, RowFactory.create(o.staged()), null, o.raw(), null, null, null, null, null, null);
                default:
                    PieceReader.PieceInfo i = o.info();
                    if (i.error() != null) {
                        return RowFactory.create(UNIT, o.unit(), null, null, null, null, null, null, null, null, i.error(), i.errorExit(), 0);
                    }
                    return RowFactory.create(UNIT, o.unit(), i.table(), null, null, null, null, i.encoding(),
                            scala.jdk.javaapi.CollectionConverters.asScala(i.counters()),
                            i.headers().toArray(new String[0]), null, null, i.piece());
            }
        }
    }
}
