/** The dictionary modules of opencc-js (`opencc-js/dict/<name>`) export one string each. */
declare module 'opencc-js/dict/*' {
  const dict: string;
  export default dict;
}
