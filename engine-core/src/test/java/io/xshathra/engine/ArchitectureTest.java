package io.xshathra.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The engine core stays transport- and storage-neutral: no Netty, no Lettuce (conventions, "Shape"). */
@AnalyzeClasses(packages = "io.xshathra.engine", importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class ArchitectureTest {

    @ArchTest
    static final ArchRule noNetty = noClasses().that().resideInAPackage("io.xshathra.engine..")
            .should().dependOnClassesThat().resideInAPackage("io.netty..")
            .because("engine-core must not know the network layer");

    @ArchTest
    static final ArchRule noLettuce = noClasses().that().resideInAPackage("io.xshathra.engine..")
            .should().dependOnClassesThat().resideInAPackage("io.lettuce..")
            .because("Redis belongs in engine-redis behind the Broker and PresenceManager SPIs");
}
