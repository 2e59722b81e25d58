// The code editor: CodeMirror 6, with the syntax colouring of the chosen language.
import { EditorView, basicSetup } from 'codemirror';
import { Compartment } from '@codemirror/state';
import { StreamLanguage } from '@codemirror/language';
import { cpp } from '@codemirror/lang-cpp';
import { java } from '@codemirror/lang-java';
import { javascript } from '@codemirror/lang-javascript';
import { python } from '@codemirror/lang-python';
import { rust } from '@codemirror/lang-rust';
import { go } from '@codemirror/lang-go';
import { shell } from '@codemirror/legacy-modes/mode/shell';

const MODES = {
  c: cpp, cpp, java, javascript, python, rust, go,
  bash: () => StreamLanguage.define(shell),
};

export function createEditor(parent) {
  const language = new Compartment();
  const view = new EditorView({ doc: '', extensions: [basicSetup, language.of([])], parent });
  return {
    view,
    text: () => view.state.doc.toString(),
    setText: (text) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }),
    setLanguage: (id) => view.dispatch({ effects: language.reconfigure(MODES[id] ? MODES[id]() : []) }),
  };
}
