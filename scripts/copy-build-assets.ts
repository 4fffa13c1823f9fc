// tsc emits JavaScript only: the files the code reads from beside itself (the
// demo registry, say) are copied to the same place under dist/.
import fs from 'node:fs';

fs.cpSync('src', 'dist', {
  recursive: true,
  filter: (source) => fs.statSync(source).isDirectory() || !source.endsWith('.ts'),
});
