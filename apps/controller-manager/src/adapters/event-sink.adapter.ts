/** The controllers' EventSink on top of the client's EventRecorder (best effort, never throws). */
import { EventRecorder } from '@orchestra/client';
import { EventSink, EventTarget } from '../controller-utils';

export class EventSinkAdapter implements EventSink {
  constructor(private readonly recorder: EventRecorder) {}

  normal(object: EventTarget, reason: string, message: string): void {
    void this.recorder.normal(object, reason, message);
  }

  warning(object: EventTarget, reason: string, message: string): void {
    void this.recorder.warning(object, reason, message);
  }
}
