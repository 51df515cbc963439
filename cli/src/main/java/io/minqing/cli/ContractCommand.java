package io.minqing.cli;

import io.minqing.contract.Contract;
import io.minqing.contract.ContractDocs;
import io.minqing.contract.TableSchema;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** Prints the staged tables of the data contract, as docs/data-contract.md has them. */
@Command(name = "contract", mixinStandardHelpOptions = true,
        description = "Print the columns of the staged tables (cases, surveys): label, type, nullability, allowed values.")
final class ContractCommand implements Runnable {

    @Mixin
    Verbosity verbosity;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        for (TableSchema t : Contract.STAGED) {
            out.println("### `" + t.name() + "` — " + t.grain());
            out.println();
            out.println(ContractDocs.render(t));
        }
        out.flush();
    }
}
