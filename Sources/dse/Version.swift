import ArgumentParser
import GLPKBackend
import Problems

struct Version: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print DSEKit's and GLPK's versions and whether GLPK is thread-local."
    )

    func run() {
        print("DSEKit \(DSEKitVersion.current)")
        print("GLPK \(GLPKLibrary.version)")
        if let tls = GLPKLibrary.threadLocalStorage {
            print(
                """
                GLPK thread-local: yes (\(tls)); separate models solve concurrently on \
                separate threads
                """
            )
        } else {
            print("GLPK thread-local: no; solves must not run concurrently")
        }
    }
}
