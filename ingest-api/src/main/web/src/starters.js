// A first program per language id: each reads a name from stdin and greets it.
export const STARTERS = {
  c: '#include <stdio.h>\n\nint main(void) {\n    char name[100] = "world";\n    scanf("%99s", name);\n    printf("hello %s\\n", name);\n    return 0;\n}\n',
  cpp: '#include <iostream>\n#include <string>\n\nint main() {\n    std::string name = "world";\n    std::cin >> name;\n    std::cout << "hello " << name << "\\n";\n}\n',
  java: 'import java.util.Scanner;\n\npublic class Main {\n    public static void main(String[] args) {\n        Scanner in = new Scanner(System.in);\n        String name = in.hasNext() ? in.next() : "world";\n        System.out.println("hello " + name);\n    }\n}\n',
  python: 'name = input().strip() or "world"\nprint(f"hello {name}")\n',
  javascript: 'const name = require("fs").readFileSync(0, "utf8").trim() || "world";\nconsole.log(`hello ${name}`);\n',
  bash: 'read -r name\necho "hello ${name:-world}"\n',
  go: 'package main\n\nimport "fmt"\n\nfunc main() {\n\tname := "world"\n\tfmt.Scan(&name)\n\tfmt.Println("hello " + name)\n}\n',
  rust: 'use std::io::Read;\n\nfn main() {\n    let mut input = String::new();\n    std::io::stdin().read_to_string(&mut input).unwrap();\n    let name = input.trim();\n    println!("hello {}", if name.is_empty() { "world" } else { name });\n}\n',
};

export function starterFor(languageId) {
  return STARTERS[languageId] ?? '';
}
