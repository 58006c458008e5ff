/** One colour per viseme id (0, silence, is grey), for the cue ticks and the cue list. */
export function visemeColor(id: number): string {
  return id === 0 ? '#c5ccd6' : `hsl(${Math.round((id * 360) / 21)}, 65%, 55%)`;
}
