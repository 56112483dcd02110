package io.xshathra.controlplane;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.xshathra.controlplane.api.RealtimeApiRoute;
import io.xshathra.controlplane.console.Console;
import io.xshathra.controlplane.web.NettyHttp;

/**
 * The control plane's logic knows no HTTP library: only the two route adapters (the
 * customer-backend API's and the console's) and the translation they share touch Netty or the
 * engine's Netty binding; storage and security know nothing of HTTP at all.
 */
@AnalyzeClasses(packages = "io.xshathra.controlplane", importOptions = ImportOption.DoNotIncludeTests.class)
class ControlPlaneArchitectureTest {

    @ArchTest
    static final ArchRule ONLY_THE_ROUTE_ADAPTERS_KNOW_NETTY = noClasses()
            .that().doNotBelongToAnyOf(RealtimeApiRoute.class, Console.class, NettyHttp.class)
            .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "io.xshathra.netty..")
            .because("the control plane's logic works on the neutral web model; only route adapters know Netty");

    @ArchTest
    static final ArchRule STORAGE_AND_SECURITY_KNOW_NO_HTTP = noClasses()
            .that().resideInAnyPackage("io.xshathra.controlplane.storage..", "io.xshathra.controlplane.security..")
            .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "io.xshathra.netty..",
                    "io.xshathra.controlplane.web..", "io.xshathra.controlplane.console..",
                    "io.xshathra.controlplane.api..");
}
