package dev.rosetta.ir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rosetta.error.InvalidGraphException;
import dev.rosetta.error.RosettaException;
import dev.rosetta.ir.pass.GraphPass;
import dev.rosetta.ir.pass.PassManager;
import dev.rosetta.ir.pass.PassResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PassManagerTest {

    /** Removes Identity nodes, rewiring their uses; the graph must validate before and after. */
    static final class RemoveIdentity implements GraphPass {
        @Override
        public String name() {
            return "remove-identity";
        }

        @Override
        public void requires(Graph graph) {
            graph.validate();
        }

        @Override
        public PassResult run(Graph graph) {
            List<String> log = new ArrayList<>();
            for (Node n : List.copyOf(graph.nodes())) {
                if (!n.opType().equals("Identity") || graph.outputs().contains(n.output(0))) {
                    continue;
                }
                for (Value.Usage u : List.copyOf(n.output(0).uses())) {
                    u.node().replaceInputWith(u.index(), n.input(0));
                }
                graph.removeNode(n);
                log.add("removed " + n.describe());
            }
            return log.isEmpty() ? PassResult.unchanged() : PassResult.changed(log);
        }

        @Override
        public void ensures(Graph graph) {
            graph.validate();
        }
    }

    @Test
    void passesRunInOrderAndReportChanges() {
        Graph g = new Graph("g");
        Value x = g.addInput(new Value("x"));
        Value a = new Value("a");
        Value y = new Value("y");
        g.addNode(new Node("id", "Identity", List.of(x), List.of(a), Map.of()));
        g.addNode(new Node("relu", "Relu", List.of(a), List.of(y), Map.of()));
        g.addOutput(y);
        List<PassResult> results = new PassManager(List.of(new RemoveIdentity())).run(g);
        assertEquals(1, results.size());
        assertTrue(results.get(0).modified());
        assertEquals(List.of("removed 'id' (Identity)"), results.get(0).log());
        assertEquals(1, g.nodes().size());
        assertEquals(x, g.nodes().get(0).input(0));
    }

    @Test
    void failedPreconditionNamesThePass() {
        Graph g = new Graph("g");
        Value y = new Value("y");
        g.addNode(new Node("relu", "Relu", List.of(new Value("ghost")), List.of(y), Map.of()));
        g.addOutput(y);
        RosettaException e = assertThrows(InvalidGraphException.class,
                () -> new PassManager(List.of(new RemoveIdentity())).run(g));
        assertTrue(e.getMessage().contains("while running pass 'remove-identity'"), e.getMessage());
    }
}
