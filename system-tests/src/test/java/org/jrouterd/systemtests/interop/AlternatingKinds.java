package org.jrouterd.systemtests.interop;

import java.nio.file.Path;
import org.jrouterd.server.mesh.MeshLayout;
import org.jrouterd.systemtests.launch.MeshOfProcesses;
import org.jrouterd.systemtests.launch.RouterKind;

/**
 * The kinds of routers A, B, C of a three-router mesh, in alternation. In a {@link MeshLayout#line line} (B dials
 * A, C dials B) and in a {@link MeshLayout#triangle triangle} (also C dials A) each variant holds one mixed
 * connection dialled by jrouterd and one dialled by qdrouterd; the converse variant swaps every router's kind.
 */
enum AlternatingKinds {

    /** qdrouterd A and C, jrouterd B: jrouterd B dials qdrouterd A, qdrouterd C dials jrouterd B. */
    QDROUTERD_JROUTERD_QDROUTERD(RouterKind.QDROUTERD, RouterKind.JROUTERD, RouterKind.QDROUTERD),
    /** jrouterd A and C, qdrouterd B: qdrouterd B dials jrouterd A, jrouterd C dials qdrouterd B. */
    JROUTERD_QDROUTERD_JROUTERD(RouterKind.JROUTERD, RouterKind.QDROUTERD, RouterKind.JROUTERD);

    private final RouterKind a;
    private final RouterKind b;
    private final RouterKind c;

    AlternatingKinds(RouterKind a, RouterKind b, RouterKind c) {
        this.a = a;
        this.b = b;
        this.c = c;
    }

    /** A builder for {@code layout} (routers A, B, C) with this variant's kinds; configs and logs in {@code folder}. */
    MeshOfProcesses.Builder builder(MeshLayout layout, Path folder) {
        return MeshOfProcesses.builder(layout, folder).kind("A", a).kind("B", b).kind("C", c);
    }
}
