// require: a precondition whose message survives a release build.
//
// Swift's `precondition` drops its message under -O ("Swift runtime failure: precondition
// failure"), so a user who passes a bad argument in a release build learns nothing. Synapse's
// remaining traps are programmer errors by design (a kernel called on shapes its op already
// checked, an index past the end); they go through `require`, which calls `fatalError` — its
// message is printed in every build. Mistakes reachable from files, configs, options and the
// shapes of user data throw a `SynapseError` instead (docs/RELIABILITY.md).

/// Stops the program with `message` when `condition` is false, in debug and release builds alike.
@inline(__always)
package func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
                     file: StaticString = #file, line: UInt = #line) {
    if _slowPath(!condition()) { fatalError(message(), file: file, line: line) }
}
