package io.xshathra.controlplane;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.xshathra.controlplane.api.RealtimeApiRoute;
import io.xshathra.controlplane.console.Console;
import io.xshathra.controlplane.web.NettyHttp;
import org.junit.jupiter.api.Test;

/**
 * The control plane's logic knows no HTTP library: only the two route adapters (the
 * customer-backend API's and the console's) and the translation they share touch Netty.
 */
class ControlPlaneArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.xshathra.controlplane");

    @Test
    void onlyTheRouteAdaptersDependOnNetty() {
        ArchRule rule = noClasses()
                .that().doNotBelongToAnyOf(RealtimeApiRoute.class, Console.class, NettyHttp.class)
                .should().dependOnClassesThat().resideInAPackage("io.netty..")
                .orShould().dependOnClassesThat().resideInAPackage("io.xshathra.netty..")
                .because("the control plane's logic works on the neutral web model; only route adapters know Netty");
        rule.check(MAIN);
    }

    @Test
    void storageAndSecurityKnowNoHttp() {
        noClasses().that().resideInAnyPackage("io.xshathra.controlplane.storage..", "io.xshathra.controlplane.security..")
                .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "io.xshathra.netty..",
                        "io.xshathra.controlplane.web..", "io.xshathra.controlplane.console..",
                        "io.xshathra.controlplane.api..")
                .check(MAIN);
    }
}
