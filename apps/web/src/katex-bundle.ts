/**
 * KaTeX and its stylesheet, loaded on demand by tex.ts (a chunk of its own: the first view does
 * not need it).
 */
import katex from 'katex';
import 'katex/dist/katex.min.css';

export default katex;
