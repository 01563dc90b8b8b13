/// A guard in front of toml++ (TOMLKit 0.6.0 bundles toml++ v3), whose parser *asserts* things about its
/// input that malformed text breaks, aborting the whole process where it should report a syntax error
/// (both found by `fuzz/FuzzScenario`; SwiftPM builds C++ dependencies without `NDEBUG`, so the assertions
/// are live in release builds too):
/// - a table header's first key must start with a bare-key character or a quote: `[%x]`, `[.a]`, `[=`,
///   `[[ [a]]]`, `[[` at the end of a line abort (fixed upstream in marzer/tomlplusplus#301);
/// - an array element must not start with `}`: `d = [}`, `d = [1, }`, `d = [\n}` abort.
/// This scanner finds both first.
///
/// It follows just enough TOML to know where a line starts a header: outside strings (basic, literal and
/// their multi-line forms), comments and value brackets (`[`/`{` nesting of arrays and inline tables). On
/// valid TOML it never reports anything; on other text it may miss a problem toml++ then reports itself.
enum TOMLGuard {
    struct Problem: Equatable {
        /// 1-based line and column of the offending character.
        let line: Int
        let column: Int
        /// The message after "TOML syntax error at column N: ".
        let message: String
    }

    static func firstProblem(in text: String) -> Problem? {
        let s = Array(text.unicodeScalars)
        var i = 0
        var line = 1
        var lineStart = 0
        var stack: [Unicode.Scalar] = []  // open [ and { inside values
        var atLineStart = true
        var expectingArrayElement = false  // after an array's [ or a , in an array

        func isKeyStart(_ c: Unicode.Scalar) -> Bool {
            (c >= "A" && c <= "Z") || (c >= "a" && c <= "z") || (c >= "0" && c <= "9") || c == "_" || c == "-" || c == "\"" || c == "'"
        }
        func starts(_ p: String, at k: Int) -> Bool {
            let u = Array(p.unicodeScalars)
            return k + u.count <= s.count && Array(s[k..<(k + u.count)]) == u
        }
        func newline(at k: Int) { line += 1; lineStart = k + 1 }

        while i < s.count {
            let c = s[i]
            if atLineStart {
                if c == " " || c == "\t" { i += 1; continue }
                atLineStart = false
                if stack.isEmpty && c == "[" {
                    var k = i + 1
                    if k < s.count && s[k] == "[" { k += 1 }
                    while k < s.count && (s[k] == " " || s[k] == "\t") { k += 1 }
                    if k >= s.count || !(isKeyStart(s[k]) || s[k] == "]") {
                        let found = k >= s.count ? "the end of the file" : s[k] == "\n" || s[k] == "\r" ? "the end of the line"
                            : "'\(s[k].escaped(asASCII: false))'"
                        return Problem(line: line, column: k - lineStart + 1,
                                       message: "Error while parsing table header: expected a key (a bare key or a quoted one), saw \(found)")
                    }
                    // The rest of a header line holds keys and a comment, no values: skip it.
                    while i < s.count && s[i] != "\n" { i += 1 }
                    continue
                }
            }
            if expectingArrayElement && !(c == " " || c == "\t" || c == "\r" || c == "\n" || c == "#") {
                expectingArrayElement = false
                if c == "}" {
                    return Problem(line: line, column: i - lineStart + 1, message: "Error while parsing array: expected a value or ']', saw '}'")
                }
            }
            switch c {
            case "\n":
                newline(at: i); atLineStart = true; i += 1
            case "#":
                while i < s.count && s[i] != "\n" { i += 1 }
            case "\"", "'":
                let triple = String(repeating: String(c), count: 3)
                if starts(triple, at: i) {
                    i += 3
                    while i < s.count && !starts(triple, at: i) {
                        if c == "\"" && s[i] == "\\" { i += 1 }
                        if i < s.count && s[i] == "\n" { newline(at: i) }
                        i += 1
                    }
                    i += 3
                    // A closing delimiter may be followed by one or two more quotes that belong to the string.
                    while i < s.count && s[i] == c { i += 1 }
                } else {
                    i += 1
                    while i < s.count && s[i] != c && s[i] != "\n" {
                        if c == "\"" && s[i] == "\\" { i += 1 }
                        i += 1
                    }
                    if i < s.count && s[i] == c { i += 1 }
                }
            case "[", "{":
                stack.append(c); i += 1
                expectingArrayElement = c == "["
            case "]", "}":
                _ = stack.popLast(); i += 1
            case ",":
                expectingArrayElement = stack.last == "["; i += 1
            default:
                i += 1
            }
        }
        return nil
    }
}
