package dev.rosetta.layout.pass;

import dev.rosetta.ir.Graph;
import dev.rosetta.ir.pass.GraphPass;
import dev.rosetta.ir.pass.PassResult;
import dev.rosetta.layout.Direction;
import dev.rosetta.layout.IoLayout;
import dev.rosetta.layout.naming.TransformLedger;
import dev.rosetta.layout.rules.RuleTable;
import java.util.List;
import java.util.Objects;

/**
 * The pass shape shared by {@link ToChannelsLast} and {@link ToChannelsFirst}: requires a valid
 * graph whose spatial ops agree with their data tags ({@link TagConsistency}), rewrites it
 * ({@link LayoutRewrite}), and ensures both again.
 */
abstract sealed class ChangeLayout implements GraphPass permits ToChannelsLast, ToChannelsFirst {
    private final Direction direction;
    private final IoLayout io;
    private final TransformLedger ledger;
    private final RuleTable rules = RuleTable.standard();

    ChangeLayout(Direction direction, IoLayout io, TransformLedger ledger) {
        this.direction = direction;
        this.io = Objects.requireNonNull(io, "io");
        this.ledger = ledger == null ? TransformLedger.discard() : ledger;
    }

    @Override
    public void requires(Graph graph) {
        graph.validate();
        TagConsistency.check(graph, "before " + name());
    }

    @Override
    public PassResult run(Graph graph) {
        List<String> log = new LayoutRewrite(graph, direction, io, ledger, rules).run();
        return log.isEmpty() ? PassResult.unchanged() : PassResult.changed(log);
    }

    @Override
    public void ensures(Graph graph) {
        graph.validate();
        TagConsistency.check(graph, "after " + name());
    }
}
