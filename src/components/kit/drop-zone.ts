/**
 * The behaviour of a drop zone (its markup and style are DropZone.astro): files dropped on the
 * zone or chosen with its file input are handed over as one list; a file dragged over the zone
 * marks it (`data-over`) for the style.
 */
export interface DropZoneOptions {
  /** The zone: an element holding the file input. */
  zone: HTMLElement;
  input: HTMLInputElement;
  onFiles: (files: File[]) => void;
}

export function attachDropZone({ zone, input, onFiles }: DropZoneOptions): () => void {
  const take = (list: FileList | null | undefined) => {
    const files = [...(list ?? [])];
    if (files.length > 0) onFiles(input.multiple ? files : files.slice(0, 1));
  };
  const change = () => {
    take(input.files);
    // The same file chosen again is a new choice.
    input.value = '';
  };
  const over = (e: DragEvent) => {
    e.preventDefault();
    zone.dataset.over = 'true';
  };
  const leave = () => delete zone.dataset.over;
  const drop = (e: DragEvent) => {
    e.preventDefault();
    delete zone.dataset.over;
    take(e.dataTransfer?.files);
  };
  input.addEventListener('change', change);
  zone.addEventListener('dragover', over);
  zone.addEventListener('dragleave', leave);
  zone.addEventListener('drop', drop);
  return () => {
    input.removeEventListener('change', change);
    zone.removeEventListener('dragover', over);
    zone.removeEventListener('dragleave', leave);
    zone.removeEventListener('drop', drop);
  };
}
