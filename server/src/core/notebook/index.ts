// Jupyter notebooks: code cells as one program, the position map, and edits written back into cells.
export { applyCellEdits, toCellEdits } from './cellEdits.ts';
export type { CellEdits } from './cellEdits.ts';
export { applyProgramEdits, plainPython, readIpynb } from './ipynb.ts';
export type { IpynbNotebook } from './ipynb.ts';
export { blankMagics, commentMagics } from './magics.ts';
export { NotebookProgram } from './program.ts';
export type { CellPosition, ProgramCell } from './program.ts';
