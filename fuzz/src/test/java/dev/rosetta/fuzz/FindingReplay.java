package dev.rosetta.fuzz;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Replays inputs through one fuzz test outside Jazzer and JUnit, printing each input's outcome:
 * {@code FINDING file: what} or {@code OK file}. For the open findings under {@code fuzz/open-findings/}
 * (which the regression run does not replay until they are fixed):
 *
 * <pre>java -cp TEST_CLASSPATH dev.rosetta.fuzz.FindingReplay graphDef fuzz/open-findings/graphDef/*</pre>
 *
 * Exits with the number of findings (at most 100).
 */
public final class FindingReplay {
    private FindingReplay() {
    }

    public static void main(String[] args) throws Exception {
        Method target = find(args[0]);
        Object instance = target.getDeclaringClass().getDeclaredConstructor().newInstance();
        int findings = 0;
        for (int i = 1; i < args.length; i++) {
            byte[] data = Files.readAllBytes(Path.of(args[i]));
            try {
                target.invoke(instance, (Object) data);
                System.out.println("OK " + args[i]);
            } catch (InvocationTargetException e) {
                findings++;
                Throwable t = e.getCause();
                System.out.println("FINDING " + args[i] + ": " + (t.getCause() != null ? t.getCause() : t));
            }
        }
        System.exit(Math.min(findings, 100));
    }

    private static Method find(String name) throws NoSuchMethodException {
        for (Class<?> c : new Class<?>[] {ReaderFuzzTest.class, TfKerasFuzzTest.class}) {
            try {
                Method m = c.getDeclaredMethod(name, byte[].class);
                m.setAccessible(true);
                return m;
            } catch (NoSuchMethodException e) {
                // try the next class
            }
        }
        throw new NoSuchMethodException("no fuzz test method " + name + "(byte[])");
    }
}
