package dev.rosetta.layout.pass;

import dev.rosetta.ir.Graph;
import dev.rosetta.ir.Node;
import java.util.HashSet;
import java.util.Set;

/** Fresh value and node names that collide with nothing in a graph. */
final class NameSupply {
    private final Set<String> values = new HashSet<>();
    private final Set<String> nodes = new HashSet<>();

    NameSupply(Graph g) {
        values.addAll(g.valuesByName().keySet());
        for (Node n : g.nodes()) {
            nodes.add(n.name());
        }
    }

    String value(String base) {
        return fresh(values, base);
    }

    String node(String base) {
        return fresh(nodes, base);
    }

    /** Records a name that is now taken (a rename done elsewhere). */
    void taken(String valueName) {
        values.add(valueName);
    }

    private static String fresh(Set<String> used, String base) {
        String name = base;
        for (int i = 1; !used.add(name); i++) {
            name = base + "_" + i;
        }
        return name;
    }
}
