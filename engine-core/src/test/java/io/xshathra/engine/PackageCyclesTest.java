package io.xshathra.engine;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

/**
 * The engine core's packages form a layering without cycles. Every class takes part, the root
 * package's included (as its own slice): the root assembles the engine, so nothing below may
 * reach back into it.
 */
@AnalyzeClasses(packages = "io.xshathra.engine", importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class PackageCyclesTest {
    private static final String ROOT = "io.xshathra.engine";

    /** One slice per package directly under the root (sub-packages go with their parent), and the root itself. */
    static final SliceAssignment TOP_LEVEL_PACKAGES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass c) {
            String pkg = c.getPackageName();
            if (pkg.equals(ROOT)) {
                return SliceIdentifier.of("(root)");
            }
            if (!pkg.startsWith(ROOT + ".")) {
                return SliceIdentifier.ignore();
            }
            String rest = pkg.substring(ROOT.length() + 1);
            int dot = rest.indexOf('.');
            return SliceIdentifier.of(dot < 0 ? rest : rest.substring(0, dot));
        }

        @Override
        public String getDescription() {
            return "the packages of " + ROOT + ", the root package included";
        }
    };

    @ArchTest
    static final ArchRule noPackageCycles = slices().assignedFrom(TOP_LEVEL_PACKAGES).should().beFreeOfCycles();
}
